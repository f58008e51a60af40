;name MissOp
 mov 0,
 end
