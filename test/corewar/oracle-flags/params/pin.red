;redcode-94
;name pinned
;author kaizen tests
;assert 1
PIN 13
spl 0, <-10
mov.i -1, <-1
