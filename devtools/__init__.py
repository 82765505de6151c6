"""Development tools, never deployed (``.funcignore`` leaves this folder out): the local host that serves the
Function app without Core Tools, and the end-to-end demo. Their dependencies are the ``dev`` extras."""
