package systems_test

import "github.com/yohamta/donburi"

type donburiEntry = donburi.Entry
