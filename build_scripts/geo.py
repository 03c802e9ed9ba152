"""Turn the DAGI region TopoJSON into a small GeoJSON for the map. Pure functions.

The boundaries are simplified on TopoJSON arcs, before rings are assembled, so
neighbouring regions keep a shared border; islands smaller than a threshold
are dropped and coordinates are rounded. The map is an overview; the exact
boundaries are in the data package.
"""

import math


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Radial-distance simplification that always keeps both end points."""
    if len(points) <= 2:
        return points
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    kept.append(points[-1])
    return kept


def _ring(arc_indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    ring = []
    for index in arc_indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return ring


def _area(ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def simplified_geojson(topology: dict, key: str, object_name: str = "stdin", tolerance: float = 0.01,
                       min_area: float = 0.002, digits: int = 3) -> dict:
    """GeoJSON with one MultiPolygon feature per value of the property `key` (degrees).

    DAGI stores every island as its own geometry; they are grouped by `key`,
    and islands smaller than `min_area` (square degrees) are dropped, except a
    group's largest.
    """
    arcs = [_simplify(a, tolerance) for a in _decode_arcs(topology)]
    groups: dict[str, list] = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            groups.setdefault(geometry["properties"][key], []).append([_ring(r, arcs) for r in polygon])
    features = []
    for value, polygons in sorted(groups.items()):
        largest = max(_area(p[0]) for p in polygons)
        kept = [p for p in polygons if _area(p[0]) >= min_area or _area(p[0]) == largest]
        coordinates = [[[[round(x, digits), round(y, digits)] for x, y in ring] for ring in polygon] for polygon in kept]
        features.append({"type": "Feature", "properties": {key: value},
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}
