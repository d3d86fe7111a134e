"""A generated demo book of business on the real US ZIP code universe."""
