window.YTD.tweets.part0 = [ {
  "tweet" : {
    "retweeted" : false,
    "id_str" : "1500000000000000001",
    "created_at" : "Thu Apr 09 01:31:50 +0000 2015",
    "full_text" : "First post from the archive &amp; more",
    "lang" : "en"
  }
}, {
  "tweet" : {
    "id_str" : "1500000000000000002",
    "created_at" : "Fri Apr 10 01:31:50 +0000 2015",
    "full_text" : "RT @someone: not mine"
  }
}, {
  "tweet" : {
    "id_str" : "1500000000000000003",
    "created_at" : "Sat Apr 11 01:31:50 +0000 2015",
    "full_text" : "Third: caf\u00e9 \ud83d\ude00"
  }
} ]
