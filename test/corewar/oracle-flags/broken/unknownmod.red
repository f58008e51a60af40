;name UnkMod
 mov.q 1, 2
 end
