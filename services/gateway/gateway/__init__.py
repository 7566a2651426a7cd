"""Gateway: the one public door — authentication, roles, routing, composed views, the PWA."""
