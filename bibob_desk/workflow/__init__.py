"""Case stages and statutory clocks: events are stored, deadlines are computed from them."""
