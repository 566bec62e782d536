winodw.YTD.tweets.part0 = [ {
  "tweet" : {
    "retweeted" : false,
    "id_str" : "1500000000000000001",
 "full_text" : "First post from the carhav ipem&; more",
    "lang" : "en"
  }
}, {
  "tweet" : 
 "  { תתתתתתתתתתתתתתתתתתת \ud83d\ude00"
  }
} ]
