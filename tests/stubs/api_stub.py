#!/usr/bin/python3
"""api_stub.py - a loopback stand-in for the X API v2, Bluesky's public API and Mastodon.

Plays the three APIs from the JSON fixtures in fixtures/ (shaped like the real responses),
paginating the way each service does. Some handles trigger failure modes (see SCENARIOS).
Usage: api_stub.py PORTFILE LOGFILE [LIFETIME_SECONDS]
Binds 127.0.0.1 on a free port, writes the port to PORTFILE, logs one line per request (with its
headers) to LOGFILE, and exits by itself after LIFETIME_SECONDS (default 120).
"""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, unquote

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, 'fixtures')
STATE = {}          # per-path request counters, for "fail first, then succeed" scenarios
LOCK = threading.Lock()


def load(*parts):
    with open(os.path.join(FIX, *parts), encoding='utf-8') as f:
        return json.load(f)


X_USERS = load('x', 'users.json')            # username (lower) -> users/by/username response
X_TWEETS = load('x', 'tweets.json')          # user id -> {"data": [...]} newest first
X_GEN = load('x', 'generated.json')          # user id -> {"count", "first_id", "delay"}
BSKY_PROFILES = load('bluesky', 'profiles.json')
BSKY_FEEDS = load('bluesky', 'feeds.json')   # did -> {"feed": [...]} newest first
MASTO_ACCOUNTS = load('mastodon', 'accounts.json')
MASTO_STATUSES = load('mastodon', 'statuses.json')  # account id -> [status, ...] newest first

MASTO_NAMES = {a['id']: a['username'] for a in MASTO_ACCOUNTS.values()}
BUSY_DID = BSKY_PROFILES['busy.bsky.social']['did']   # its feed answers 429 once (ratelimit-reset)
# Mastodon: 'patient' gets one 429 with Retry-After: 1; 'busy' always 429 with X-RateLimit-Reset.

# Scenarios by X user id (set in users.json): what the tweets endpoint does.
#   limited: 429 with x-rate-limit-reset an hour ahead     limited_short: one 429, reset in 1 s
#   flaky: one HTTP 500, then success                        slow: sleeps 3 s before answering
#   malformed: a body that is not JSON                       truncated: page 2 cut in half
#   huge: a 2 MB body
SCENARIOS = {'1001': 'limited', '1002': 'limited_short', '1003': 'flaky', '1004': 'slow',
             '1005': 'malformed', '1006': 'truncated', '1007': 'huge'}
# A hostile server: these lookups answer with a username no store may hold.
HOSTILE = {'hostile_html': 'ev"><img src=x onerror=alert(1)>', 'hostile_newline': 'evil\nname',
           'hostile_path': '../../etc/passwd', 'hostile_dots': 'a/../b'}


def count(key):
    with LOCK:
        STATE[key] = STATE.get(key, 0) + 1
        return STATE[key]


def gen_tweets(uid, spec):
    first = int(spec['first_id'])
    base = 1700000000
    return [{'id': str(first - i), 'edit_history_tweet_ids': [str(first - i)],
             'created_at': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(base - i * 3600)),
             'text': 'Post %d of user %s: the quick brown fox &amp; friends jump over %d lazy dogs'
                     % (spec['count'] - i, uid, i % 97)}
            for i in range(spec['count'])]


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    wbufsize = 1 << 16      # headers and body leave in one write (no Nagle/delayed-ACK stalls)

    def log_message(self, fmt, *args):
        pass

    def send_json(self, code, obj, headers=None, raw=None):
        body = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(code)
        self.send_header('Content-Type', 'application/json; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        u = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        with open(self.server.logfile, 'a') as f:
            hdrs = ' | '.join('%s: %s' % (k, v) for k, v in self.headers.items())
            f.write('GET %s | %s\n' % (self.path, hdrs))
        parts = [unquote(p) for p in u.path.split('/') if p]
        try:
            if parts[:1] == ['2']:
                return self.x(parts[1:], q)
            if parts[:1] == ['xrpc']:
                return self.bsky(parts[1:], q)
            if parts[:2] == ['api', 'v1']:
                return self.masto(parts[2:], q)
        except (BrokenPipeError, ConnectionResetError):
            return
        self.send_json(404, {'error': 'Not found'})

    # ---- X API v2 ----
    def x(self, parts, q):
        if self.headers.get('Authorization') != 'Bearer ' + self.server.token:
            return self.send_json(401, {'title': 'Unauthorized', 'type': 'about:blank',
                                        'status': 401, 'detail': 'Unauthorized'})
        if parts[:3] == ['users', 'by', 'username'] and len(parts) == 4:
            name = parts[3]
            if name.lower() in HOSTILE:
                return self.send_json(200, {'data': {'id': '666', 'name': 'Hostile',
                                                     'username': HOSTILE[name.lower()]}})
            if name.lower() in X_USERS:
                return self.send_json(200, X_USERS[name.lower()])
            return self.send_json(200, {'errors': [{
                'value': name, 'detail': 'Could not find user with username: [%s].' % name,
                'title': 'Not Found Error', 'resource_type': 'user', 'parameter': 'username',
                'resource_id': name, 'type': 'https://api.twitter.com/2/problems/resource-not-found'}]})
        if parts[:1] == ['users'] and len(parts) == 3 and parts[2] == 'tweets':
            return self.x_tweets(parts[1], q)
        self.send_json(404, {'title': 'Not Found Error', 'detail': 'no such endpoint'})

    def x_tweets(self, uid, q):
        scen = SCENARIOS.get(uid)
        n = count('x/' + uid)
        if scen == 'limited':
            return self.send_json(429, {'title': 'Too Many Requests', 'detail': 'Too Many Requests'},
                                  {'x-rate-limit-limit': '900', 'x-rate-limit-remaining': '0',
                                   'x-rate-limit-reset': str(int(time.time()) + 3600)})
        if scen == 'limited_short' and n == 1:
            return self.send_json(429, {'title': 'Too Many Requests'},
                                  {'x-rate-limit-reset': str(int(time.time()) + 1)})
        if scen == 'flaky' and n == 1:
            return self.send_json(500, {'title': 'Internal Server Error'})
        if scen == 'slow':
            time.sleep(3)
        if scen == 'malformed':
            return self.send_json(200, None, raw=b'<html><body>Service Unavailable</body></html>')
        if scen == 'huge':
            return self.send_json(200, None, raw=b'{"data": [' + b' ' * (2 << 20) + b']}')
        if uid in X_GEN:
            tweets = gen_tweets(uid, X_GEN[uid])
            time.sleep(X_GEN[uid].get('delay', 0))
        else:
            tweets = X_TWEETS.get(uid, {}).get('data', [])
        excl = q.get('exclude', '').split(',')
        refs = lambda t: {r['type'] for r in t.get('referenced_tweets', [])}
        if 'replies' in excl:
            tweets = [t for t in tweets if 'in_reply_to_user_id' not in t]
        if 'retweets' in excl:
            tweets = [t for t in tweets if 'retweeted' not in refs(t)]
        if 'since_id' in q:
            tweets = [t for t in tweets if int(t['id']) > int(q['since_id'])]
        size = int(q.get('max_results', 10))
        start = int(q.get('pagination_token', 'p0')[1:] or 0)
        page = tweets[start:start + size]
        meta = {'result_count': len(page)}
        if page:
            meta.update(newest_id=page[0]['id'], oldest_id=page[-1]['id'])
        if start + size < len(tweets):
            meta['next_token'] = 'p%d' % (start + size)
        if start > 0:
            meta['previous_token'] = 'p%d' % max(0, start - size)
        doc = {'data': page, 'meta': meta} if page else {'meta': meta}
        body = json.dumps(doc).encode()
        if scen == 'truncated' and start > 0:
            body = body[:len(body) // 2]
        self.send_json(200, None, raw=body)

    # ---- Bluesky ----
    def bsky(self, parts, q):
        method = parts[0] if parts else ''
        if method == 'app.bsky.actor.getProfile':
            actor = q.get('actor', '')
            for p in BSKY_PROFILES.values():
                if actor in (p['did'], p['handle']):
                    return self.send_json(200, p)
            return self.send_json(400, {'error': 'InvalidRequest', 'message': 'Profile not found'})
        if method == 'app.bsky.feed.getAuthorFeed':
            actor = q.get('actor', '')
            if actor not in BSKY_FEEDS:
                return self.send_json(400, {'error': 'InvalidRequest', 'message': 'Profile not found'})
            if actor == BUSY_DID and count('bsky/' + actor) == 1:
                return self.send_json(429, {'error': 'RateLimitExceeded', 'message': 'Rate Limit Exceeded'},
                                      {'ratelimit-limit': '3000', 'ratelimit-remaining': '0',
                                       'ratelimit-reset': str(int(time.time()) + 1),
                                       'ratelimit-policy': '3000;w=300'})
            feed = BSKY_FEEDS[actor]['feed']
            reply_to = lambda i: i['post']['record'].get('reply', {}).get('parent', {}).get('uri', '')
            if q.get('filter') == 'posts_no_replies':
                feed = [i for i in feed if 'reply' not in i['post']['record']]
            if q.get('filter') == 'posts_and_author_threads':   # replies to oneself stay
                feed = [i for i in feed if not reply_to(i) or reply_to(i).startswith('at://%s/' % actor)]
            size = min(int(q.get('limit', 50)), 100)
            start = int(q.get('cursor', '0') or 0)
            page = feed[start:start + size]
            doc = {'feed': page}
            if start + size < len(feed):
                doc['cursor'] = str(start + size)
            return self.send_json(200, doc)
        self.send_json(501, {'error': 'MethodNotImplemented', 'message': 'Method Not Implemented'})

    # ---- Mastodon ----
    def masto(self, parts, q):
        if parts == ['accounts', 'lookup']:
            acct = q.get('acct', '').lower()
            for a in MASTO_ACCOUNTS.values():
                full = (a['username'] + '@' + urlsplit(a['url']).hostname).lower()
                if acct in (a['acct'].lower(), a['username'].lower(), full):
                    return self.send_json(200, a)
            return self.send_json(404, {'error': 'Record not found'})
        if len(parts) == 3 and parts[0] == 'accounts' and parts[2] == 'statuses':
            if parts[1] not in MASTO_STATUSES:
                return self.send_json(404, {'error': 'Record not found'})
            name = MASTO_NAMES.get(parts[1])
            if name == 'patient' and count('masto/' + parts[1]) == 1:
                return self.send_json(429, {'error': 'Too many requests'}, {'Retry-After': '1'})
            if name == 'busy':
                reset = time.strftime('%Y-%m-%dT%H:%M:%S.000000Z', time.gmtime(time.time() + 3600))
                return self.send_json(429, {'error': 'Too many requests'},
                                      {'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0',
                                       'X-RateLimit-Reset': reset})
            st = MASTO_STATUSES[parts[1]]
            if q.get('exclude_reblogs') == 'true':
                st = [s for s in st if s.get('reblog') is None]
            if q.get('exclude_replies') == 'true':
                st = [s for s in st if s.get('in_reply_to_id') is None
                      or s.get('in_reply_to_account_id') == parts[1]]   # self-replies stay
            if 'max_id' in q:
                st = [s for s in st if int(s['id']) < int(q['max_id'])]
            if 'since_id' in q:
                st = [s for s in st if int(s['id']) > int(q['since_id'])]
            return self.send_json(200, st[:min(int(q.get('limit', 20)), 40)])
        self.send_json(404, {'error': 'Record not found'})


def main():
    portfile, logfile = sys.argv[1], sys.argv[2]
    lifetime = float(sys.argv[3]) if len(sys.argv) > 3 else 120
    srv = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    srv.daemon_threads = True
    srv.logfile = logfile
    srv.token = os.environ.get('STUB_X_TOKEN', 'stub-token')
    threading.Timer(lifetime, srv.shutdown).start()
    with open(portfile + '.tmp', 'w') as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + '.tmp', portfile)
    srv.serve_forever()


if __name__ == '__main__':
    main()
