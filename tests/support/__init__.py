"""Test helpers: a fault-injection HTTPS server and raw TCP endpoints on loopback."""
