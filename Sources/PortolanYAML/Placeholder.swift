public enum PortolanYAMLPlaceholder {}
