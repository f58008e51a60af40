;name Unk
 foo 1, 2
 end
