"""Denmark's extent and centre from the region boundaries (TopoJSON). Pure: the downloads stage describes the
package's place with it (dcat.denmark_geometry), and `validate` computes it to refuse boundaries it cannot use.

TopoJSON (https://github.com/topojson/topojson-specification): `arcs` holds quantized, delta-encoded positions that
`transform` (scale, translate) turns into longitude and latitude; a polygon is a list of rings, each a list of arc
indexes (~i, that is -i-1, for arc i reversed), the outer ring first and then its holes.
"""

OBJECT = "stdin"  # the object of data/ref_regions.topojson that holds the regions (as mapshaper names it)


class NoArea(ValueError):
    """The polygons enclose no area (every ring is a line or a point, or the holes are as large as the rings)."""


def _positions(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # quantized, delta-encoded positions
        x = y = 0
        points = []
        for dx, dy, *_ in arc:  # a third value (some arcs carry one) is not a position
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _area_and_centre(points) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    return abs(a) / 2, cx / (3 * a) if a else 0.0, cy / (3 * a) if a else 0.0


def extent_and_centre(topology: dict) -> tuple[str, str]:
    """(bounding box, centroid) as WKT (longitude latitude, CRS84): the box around every point, the area-weighted
    centre of the polygons of OBJECT. Raises NoArea if they enclose none."""
    arcs = _positions(topology)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    total = wx = wy = 0.0
    for geometry in topology["objects"][OBJECT]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for n, indices in enumerate(polygon):  # the outer ring, then holes
                area, cx, cy = _area_and_centre(ring(indices))
                sign = 1 if n == 0 else -1
                total, wx, wy = total + sign * area, wx + sign * area * cx, wy + sign * area * cy
    if not total > 0:
        raise NoArea(total)
    xs = [x for arc in arcs for x, _ in arc]
    ys = [y for arc in arcs for _, y in arc]
    w, e, s, n = (round(v, 4) for v in (min(xs), max(xs), min(ys), max(ys)))
    bbox = f"POLYGON(({w} {s}, {w} {n}, {e} {n}, {e} {s}, {w} {s}))"
    return bbox, f"POINT({round(wx / total, 4)} {round(wy / total, 4)})"
