"""Bases and Canvas: pure engines that turn `.base` and `.canvas` files into renderable models."""
