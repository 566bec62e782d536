Grailbird.data.tweets_2015_04 = 
 [ {
  "source" : "web",
  "entities" : { "user_mentions" : [ ], "media" : [ ], "hashtags" : [ ], "urls" : [ ] },
  "geo" : { "type" : "Point", "coordinates" : [ 51.5, -0.12 ] },
  "id_str" : "585403567185186816",
  "text" : "Spring &amp; rain \u00e9\ud83d\ude00 \"q\"",
  "id" : 585403567185186816,
  "created_at" : "2015-04-07 09:59:58 +0000",
  "in_reply_to_status_id_str" : "585403567185186815",
  "in_reply_to_user_id_str" : "12",
  "user" : { "name" : "Old Timer", "screen_name" : "oldtimer", "protected" : false, "id_str" : "12", "id" : 12 }
}, { "id_str" : "1", "id_str" : "2", "text" : "dup keys", "user" : "plain", "retweeted_status" : { }, "n" : -0, "x" : 1e400 } ]
