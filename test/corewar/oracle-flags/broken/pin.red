;name Pin
PIN 42
 mov 0, 1
 end
