;name TooMany
 mov 0, 1, 2
 end
