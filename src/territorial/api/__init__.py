"""The REST API: FastAPI routers by noun over the service layer, bearer tokens with roles, one error shape."""
