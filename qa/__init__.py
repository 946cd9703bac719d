"""qa: offline, cited question answering over government work reports."""
