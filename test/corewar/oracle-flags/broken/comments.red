;redcode-94
;name Only comments
; nothing else
