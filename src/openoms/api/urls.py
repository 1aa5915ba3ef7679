from ninja import NinjaAPI

api = NinjaAPI(title="OpenOMS API", version="2", urls_namespace="api-v2")
