"""Chinese articles into English ones: segments, the PO memory, the Argos model, names in pinyin."""
