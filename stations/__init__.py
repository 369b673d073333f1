"""One package per station type: content model, flow and screens."""
