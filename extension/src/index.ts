// The editor client and language server arrive with the extension issue; this
// entry keeps the package in the workspace build until then.
export {};
