"""The nodes of a template's syntax tree, walked once.

validate's template checks (templates.py, typed_numbers.py, expressions.py, rendered.py, template_sizes.py) each ask
a template's tree for the nodes of some types, dozens of times for one template; jinja2's Node.find_all walks the
whole tree for each question. find_all here gives the same nodes, in the same order, from one walk of the tree.
"""

import functools

from jinja2 import nodes


def find_all(tree: nodes.Template, node_type: type | tuple[type, ...]) -> list:
    """The nodes of the whole template `tree` of `node_type` (a class or a tuple of classes), as tree.find_all yields
    them: below the root, depth first, in the template's order. For a part of a tree (a macro's body, an expression),
    ask the node itself (node.find_all): the walk kept here is the whole template's."""
    return [node for node in _descendants(tree) if isinstance(node, node_type)]


@functools.lru_cache(maxsize=256)
def _descendants(tree: nodes.Template) -> tuple[nodes.Node, ...]:
    """Every node below the root of `tree`, in Node.find_all's order; kept per tree object (a node hashes by its
    identity), as templates.parse keeps the trees, which their readers only read."""
    return tuple(tree.find_all(nodes.Node))
