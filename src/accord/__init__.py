"""accord: a sourced, queryable record of relations between countries, built from news."""

__version__ = "0.1.0"
