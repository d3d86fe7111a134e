"""territorial: sales territory management and sales attribution for asset managers."""

__version__ = "0.1.0"
