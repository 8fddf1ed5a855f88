"""The structure of a document's text: numbering sequences as data
(markers.py), small named line rules in a priority registry (rules.py), and
document types as sets of rules (types.py). parse.py drives them."""
