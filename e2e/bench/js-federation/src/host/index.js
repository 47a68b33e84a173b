// The host page's entry: the async boundary Module Federation needs before shared React is used.
import("./bootstrap");
