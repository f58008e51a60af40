;name PSpace
 ldp.ab #0, #1
 stp.b 1, #2
 seq 1, 2
 sne 1, 2
 nop 0, 0
 end
