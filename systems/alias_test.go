package systems_test

import (
	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
)

type donburiEntry = donburi.Entry

type modelT = components.Model
