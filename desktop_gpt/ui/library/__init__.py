"""Parts of the library pane: the collections box and the document filter."""
