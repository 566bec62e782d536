#!/usr/bin/python3
"""make_fixtures.py - writes the stand-in's JSON fixtures (fixtures/), shaped like the real API
responses. Deterministic: run it from tests/stubs/ after changing it, and commit the output."""
import json, time, os
F='fixtures'
def dump(path, obj):
    with open(os.path.join(F, path), 'w', encoding='utf-8') as f:
        json.dump(obj, f, indent=1, ensure_ascii=False); f.write('\n')

# ---------------- X ----------------
users = {
 'nasa': {'data': {'id': '11348282', 'name': 'NASA', 'username': 'NASA'}},
 'xdevelopers': {'data': {'id': '2244994945', 'name': 'Developers', 'username': 'XDevelopers'}},
 'bench': {'data': {'id': '900', 'name': 'Bench Mark', 'username': 'bench'}},
 'bigfeed': {'data': {'id': '901', 'name': 'Big Feed', 'username': 'bigfeed'}},
 'slowpages': {'data': {'id': '902', 'name': 'Slow Pages', 'username': 'slowpages'}},
 'ratelimited': {'data': {'id': '1001', 'name': 'Rate Limited', 'username': 'ratelimited'}},
 'shortlimit': {'data': {'id': '1002', 'name': 'Short Limit', 'username': 'shortlimit'}},
 'flaky': {'data': {'id': '1003', 'name': 'Flaky Server', 'username': 'flaky'}},
 'slowpoke': {'data': {'id': '1004', 'name': 'Slow Poke', 'username': 'slowpoke'}},
 'malformed': {'data': {'id': '1005', 'name': 'Malformed', 'username': 'malformed'}},
 'truncated': {'data': {'id': '1006', 'name': 'Truncated', 'username': 'truncated'}},
 'huge': {'data': {'id': '1007', 'name': 'Huge Body', 'username': 'huge'}},
}
dump('x/users.json', users)
def tw(i, text, note=None, t=0):
    d = {'id': str(i), 'edit_history_tweet_ids': [str(i)],
         'created_at': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(1717000000 - t * 86400)),
         'text': text}
    if note: d['note_tweet'] = {'text': note}
    return d
long = ('Long posts are here. ' * 20).strip() + ' The end of a long post \U0001F680'
nasa = [
 tw(1795000000000000010, 'Liftoff! \U0001F680 The crew is on its way to the @Space_Station &amp; beyond', t=0),
 tw(1795000000000000009, 'Mars rovers &lt;3 dust storms: a thread on what we learned', t=1),
 tw(1795000000000000008, 'A long read about the Artemis program, starting here and continuing\u2026 https://t.co/abc', note=long, t=2),
 tw(1795000000000000007, 'Caf\u00e9 talk on the ISS: \u201ccoffee in space\u201d \u2615 explained', t=3),
 tw(1795000000000000006, 'Line one\nLine two of a two-line post', t=4),
 tw(1795000000000000005, 'The James Webb Space Telescope sees galaxies 13 billion years old \U0001F30C', t=5),
 # the policy of replies and reposts (post_policy.c): a reply to another (kept, its leading
 # @mentions dropped), a reply to itself (a thread), an "RT @" text the server let through and a
 # reply that is only mentions (both skipped by the fetcher itself)
 dict(tw(1795000000000000004, '@Astro_Kate @Astro_Jim Great question! Spacesuits are pressurised', t=6),
      in_reply_to_user_id='999', referenced_tweets=[{'type': 'replied_to', 'id': '1794999999999999999'}]),
 dict(tw(1795000000000000003, 'Mars rovers, part 2: the thread goes on', t=7),
      in_reply_to_user_id='11348282', referenced_tweets=[{'type': 'replied_to', 'id': '1795000000000000009'}]),
 tw(1795000000000000002, 'RT @Space_Station: Docking complete', t=8),
 dict(tw(1795000000000000001, '@Astro_Kate @Astro_Jim', t=9),
      in_reply_to_user_id='999', referenced_tweets=[{'type': 'replied_to', 'id': '1794999999999999998'}]),
]
dev = [tw(1794000000000000000 + i, 'Developer update %d: new endpoints &amp; fixes for the v2 API' % i, t=i) for i in range(12, 0, -1)]
flaky = [tw(1793000000000000000 + i, 'Flaky post %d survives a server error' % i, t=i) for i in range(5, 0, -1)]
short = [tw(1792000000000000000 + i, 'Short rate limit post %d' % i, t=i) for i in range(3, 0, -1)]
dump('x/tweets.json', {'2244994945': {'data': dev}, '11348282': {'data': nasa}, '1003': {'data': flaky},
                       '1002': {'data': short}})
dump('x/generated.json', {'900': {'count': 800, 'first_id': '1800000000000000800'},
                          '901': {'count': 850, 'first_id': '1810000000000000850'},
                          '902': {'count': 500, 'first_id': '1820000000000000500', 'delay': 0.4},
                          '1006': {'count': 250, 'first_id': '1830000000000000250'}})

# ---------------- Bluesky ----------------
B32 = '234567abcdefghijklmnopqrstuvwxyz'
def tid(us):
    v = (us << 10) | 7
    s = ''
    for _ in range(13):
        s = B32[v & 31] + s; v >>= 5
    return s
ALICE = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz'
OTHER = 'did:plc:z72i7hdynmk6r22z27h6tvur'
def author(did, handle, name):
    return {'did': did, 'handle': handle, 'displayName': name, 'avatar': 'https://cdn.bsky.app/img/avatar/plain/%s/x@jpeg' % did,
            'labels': [], 'createdAt': '2023-04-12T04:53:57.057Z'}
A = author(ALICE, 'alice.bsky.social', 'Alice \u2728')
O = author(OTHER, 'bsky.app', 'Bluesky')
feed = []
base = 1717000000
for i in range(130):
    ts = base - i * 3600
    created = time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(ts))
    k = i % 10
    if k == 3:    # a repost of someone else's post
        rk = tid((ts - 50000) * 1000000)
        post = {'uri': 'at://%s/app.bsky.feed.post/%s' % (OTHER, rk), 'cid': 'bafyreib%05d' % i, 'author': O,
                'record': {'$type': 'app.bsky.feed.post', 'createdAt': created, 'langs': ['en'], 'text': 'Reposted announcement %d' % i},
                'replyCount': 1, 'repostCount': 2, 'likeCount': 3, 'quoteCount': 0, 'indexedAt': created, 'labels': []}
        feed.append({'post': post, 'reason': {'$type': 'app.bsky.feed.defs#reasonRepost', 'by': A, 'indexedAt': created}})
        continue
    rk = tid(ts * 1000000)
    text = 'Bluesky post %d from Alice: sunsets &amp; skies \U0001F305' % i
    if k == 5: text = 'Caf\u00e9 au lait \u2615 \u2014 \u00fcber-good morning #%d' % i
    record = {'$type': 'app.bsky.feed.post', 'createdAt': created, 'langs': ['en'], 'text': text}
    if k == 7:   # replies to another (their leading mention dropped when stored), one to herself
        to = ALICE if i == 17 else OTHER
        record['text'] = ('Replying to myself %d' if to == ALICE else '@bsky.app Replying to a friend %d') % i
        record['reply'] = {'root': {'uri': 'at://%s/app.bsky.feed.post/3kabc' % to, 'cid': 'bafyroot'},
                           'parent': {'uri': 'at://%s/app.bsky.feed.post/3kabc' % to, 'cid': 'bafyroot'}}
    post = {'uri': 'at://%s/app.bsky.feed.post/%s' % (ALICE, rk), 'cid': 'bafyreia%05d' % i, 'author': A,
            'record': record, 'replyCount': 0, 'repostCount': 0, 'likeCount': i, 'quoteCount': 0,
            'indexedAt': created, 'labels': []}
    feed.append({'post': post})
BUSY = 'did:plc:busyb0b0b0b0b0b0b0b0b0b0'
BB = author(BUSY, 'busy.bsky.social', 'Busy Bee')
busy_feed = [{'post': {'uri': 'at://%s/app.bsky.feed.post/%s' % (BUSY, tid((base - i * 60) * 1000000)),
                       'cid': 'bafyreic%05d' % i, 'author': BB,
                       'record': {'$type': 'app.bsky.feed.post', 'createdAt': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(base - i * 60)),
                                  'langs': ['en'], 'text': 'Busy post %d' % i},
                       'replyCount': 0, 'repostCount': 0, 'likeCount': 0, 'quoteCount': 0,
                       'indexedAt': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(base - i * 60)), 'labels': []}}
             for i in range(4)]
dump('bluesky/profiles.json', {'alice.bsky.social': dict(A, description='Posts about skies', followersCount=10,
                               followsCount=5, postsCount=130, indexedAt='2024-01-01T00:00:00.000Z'),
                               'busy.bsky.social': dict(BB, description='Rate limited once (ratelimit-reset)',
                               followersCount=1, followsCount=1, postsCount=4, indexedAt='2024-01-01T00:00:00.000Z')})
dump('bluesky/feeds.json', {ALICE: {'feed': feed}, BUSY: {'feed': busy_feed}})

# ---------------- Mastodon ----------------
acct = {'id': '109302436954721982', 'username': 'alice', 'acct': 'alice', 'display_name': 'Alice &amp; Co',
        'locked': False, 'bot': False, 'created_at': '2022-11-08T00:00:00.000Z', 'note': '<p>Hello</p>',
        'url': 'https://fosstodon.example/@alice', 'avatar': 'https://fosstodon.example/a.png',
        'followers_count': 10, 'following_count': 5, 'statuses_count': 95, 'emojis': [], 'fields': []}
def status(i, content, reblog=None, reply=None):
    sid = str(112000000000000000 + i * 1000)
    ts = 1717000000 - (100 - i) * 3600
    return {'id': sid, 'created_at': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime(ts)),
            'in_reply_to_id': reply, 'in_reply_to_account_id': None if reply is None else '1', 'sensitive': False,
            'spoiler_text': '', 'visibility': 'public', 'language': 'en',
            'uri': 'https://fosstodon.example/users/alice/statuses/' + sid, 'url': 'https://fosstodon.example/@alice/' + sid,
            'replies_count': 0, 'reblogs_count': 0, 'favourites_count': 0, 'content': content, 'reblog': reblog,
            'account': acct, 'media_attachments': [], 'mentions': [], 'tags': [], 'emojis': []}
sts = []
for i in range(100, 0, -1):
    k = i % 10
    c = '<p>Toot %d: caf&eacute; &amp; cr&egrave;me br&ucirc;l&eacute;e &lt;3 \U0001F389</p>' % i
    if k == 1:
        c = ('<p>First paragraph %d with a link <a href="https://example.com/some/long/path" rel="nofollow noopener" '
             'target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/some/lo</span>'
             '<span class="invisible">ng/path</span></a></p><p>Second line<br />third line &quot;quoted&quot; '
             '<span class="h-card"><a href="https://fosstodon.example/@bob" class="u-url mention">@<span>bob</span></a></span></p>') % i
    if k == 4:
        sts.append(status(i, '', reblog=status(i, '<p>Someone else wrote %d</p>' % i)))
        continue
    if k == 6 and i == 96:   # a reply to herself (a thread): Mastodon keeps these
        st = status(i, '<p>Thread, part 2 (%d)</p>' % i, reply=str(112000000000000000 + 95 * 1000))
        st['in_reply_to_account_id'] = acct['id']
        sts.append(st)
        continue
    if k == 6:   # a reply to another: the leading mention is dropped when stored
        sts.append(status(i, '<p><span class="h-card"><a href="https://fosstodon.example/@bob" '
                             'class="u-url mention">@<span>bob</span></a></span> A reply %d</p>' % i, reply='111'))
        continue
    st = status(i, c)
    if i in (98, 88, 97):   # followers-only and direct posts are never stored; unlisted ones are
        st['visibility'] = {98: 'private', 88: 'direct', 97: 'unlisted'}[i]
    if i == 93:   # a content warning, kept as the first paragraph
        st['spoiler_text'] = 'Food & drink'
    sts.append(st)
def other(aid, name):
    return dict(acct, id=aid, username=name, acct=name, display_name=name.title(),
                url='https://fosstodon.example/@' + name, statuses_count=2)
patient = other('109302436954700001', 'patient')   # one 429 with Retry-After: 1
busy = other('109302436954700002', 'busy')         # 429 with X-RateLimit-Reset an hour ahead
def small(a, n):
    out = []
    for i in range(n, 0, -1):
        st = status(i, '<p>%s toot %d</p>' % (a['username'], i))
        st['account'] = a
        out.append(st)
    return out
dump('mastodon/accounts.json', {'alice': acct, 'patient': patient, 'busy': busy})
dump('mastodon/statuses.json', {acct['id']: sts, patient['id']: small(patient, 2), busy['id']: small(busy, 2)})
