# Python's http.client: N sequential check_transaction_by_md5 calls over one keep-alive connection.
#   python3 peer_python.py BASE_URL TOKEN MD5 COUNT
import http.client, json, sys, urllib.parse
url, token, md5, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port)
body = json.dumps({"md5": md5})
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
wrong = 0
for _ in range(count):
    conn.request("POST", "/v1/check_transaction_by_md5", body, headers)
    answer = json.loads(conn.getresponse().read())
    if answer.get("responseCode") != 0 or answer["data"]["amount"] != 1.5:
        wrong += 1
print(f"wrong={wrong}")
sys.exit(1 if wrong else 0)
