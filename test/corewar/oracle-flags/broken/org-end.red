;assert 1
 org 1
 mov 0, 1
 mov 0, 1
 end 2
