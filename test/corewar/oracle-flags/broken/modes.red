;name Modes
 mov *1, {2
 mov }1, <2
 mov >1, @2
 mov $1, #2
 mov #1, #2
 end
