;name After
 mov 0, 1
 end
this is junk after end
