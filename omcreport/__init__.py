"""omcreport: staple yourself to an order. YAML journeys in; a public status site and
executive PDF reports out."""

__version__ = "0.1.0"
