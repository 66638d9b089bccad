// Package mem advises the kernel on how to back the columns' memory:
// with huge pages where it has them ([AdviseHugePages]).
package mem
