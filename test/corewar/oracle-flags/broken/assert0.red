;name Assert0
;assert 0
 mov 0, 1
 end
