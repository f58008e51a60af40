;assert 1
 mov 0, 1
 dat 1/0, 2   
