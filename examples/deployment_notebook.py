# %% [markdown]
# # Managing an EMQX deployment from Python
# Runs against the bundled emulator; for a real deployment, build the client from
# its URL and App ID / App Secret instead (and drop the emulator lines).

# %%
from emqx_platform import DeploymentClient, NotFoundError
from emqx_platform.testing import Emulator

emu = Emulator()  # a local EMQX Platform over HTTPS (delete for real use)
dep = emu.deployments[0]
d = DeploymentClient(dep.app_id, dep.app_secret, base_url=dep.base_url, verify=emu.ca_cert_path)
for i in range(250):  # pretend some devices are online
    emu.connect_client(dep.id, f"sensor-{i:03d}", username="fleet")

# %% Clients: the first page, then every client across pages
page = d.clients.list(limit=100, username="fleet")
print(len(page.data), page.meta)  # 100 {'count': 250, 'hasnext': True, 'limit': 100, 'page': 1}
online = [c["clientid"] for c in d.clients.list(limit=100, conn_state="connected")]
print(len(online))  # 250: pages 2 and 3 fetched while you read the previous one

# %% Subscribe a client on its behalf, then publish
d.clients.subscribe("sensor-007", "cmd/sensor-007/#", qos=1)
r = d.publish("cmd/sensor-007/reboot", "now", qos=1)
print(r.delivered, r.id)  # True 0006...
r = d.publish("cmd/nobody", b"\x01\x02")  # bytes go base64
print(r.delivered, r.reason_code, r.message)  # False 16 no_matching_subscribers
results = d.publish_many(
    [
        {"topic": "cmd/sensor-007/a", "payload": "1"},
        {"topic": "cmd/nobody", "payload": "2"},
    ]
)
print([x.delivered for x in results])  # [True, False]: input order

# %% Password logins and per-device authorization
d.auth_users.create("sensor-007", "s3cret")
d.acl.clients.create(
    "sensor-007",
    [
        {"topic": "data/sensor-007/#", "permission": "allow", "action": "publish"},
        {"topic": "cmd/sensor-007/#", "permission": "allow", "action": "subscribe", "qos": [1]},
    ],
)
d.acl.all.set([{"topic": "#", "permission": "deny", "action": "all"}])
print(d.acl.clients.get("sensor-007")["rules"][0])

# %% Ban a misbehaving device, then kick it
d.banned.create("clientid", "sensor-013", reason="flooding", until="infinity")
d.clients.kick("sensor-013")
try:
    d.clients.get("sensor-013")
except NotFoundError as e:
    print(e.status_code, e.code)  # 404 CLIENTID_NOT_FOUND

# %% Data integration: a webhook connector, an action, a rule that feeds it
d.connectors.create("http", "ingest", url="https://example.com/ingest")
d.actions.create(
    "http", "post_data", connector="ingest", parameters={"method": "post", "body": "${.}"}
)
rule = d.rules.create('SELECT * FROM "data/#"', actions=["http:post_data"], name="to-webhook")
d.publish("data/sensor-007/t", '{"t": 21.5}')
print(d.rules.metrics(rule["id"])["metrics"]["matched"])  # 1
print(d.metrics.get()["messages.publish"], d.stats.get()["connections.count"])

# %% Anything else: the raw request
print(d.request("GET", "/nodes")[0]["node"])  # emqx@127.0.0.1
d.close()
emu.close()
