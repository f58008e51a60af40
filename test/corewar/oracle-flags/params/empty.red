;redcode-94
;assert 1
