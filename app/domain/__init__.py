"""Plain values and pure rules of the product; imports no third-party library."""
