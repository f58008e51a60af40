;name ModOp
 mov.ab 0, 1
 mov.ba 0, 1
 mov.f 0, 1
 mov.x 0, 1
 mov.a 0, 1
 mov.b 0, 1
 mov.i 0, 1
 end
