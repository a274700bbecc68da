"""Rural e-commerce advisor."""
