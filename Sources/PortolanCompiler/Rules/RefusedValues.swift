import PortolanLanguage

// "No advice built on a refused value": where the decoder refused a value and
// put its default in its place, the rules that read it do not run. These say
// whether the values a rule reads include such a stand-in.

extension PortSetting {
    /// The port number or its status stands in for a refused value.
    var restsOnRefusedValue: Bool { port.isRefused || enabled.isRefused }
}

extension SMTPOutbound {
    /// A value the transport checks read (TCP port and mode, SSL port and status) stands in for a refused one.
    var transportRestsOnRefusedValue: Bool { tcpPort.isRefused || tcpMode.isRefused || ssl.restsOnRefusedValue }
}

extension SMTPSettings {
    /// A value of how the server listens (listener, TCP and SSL ports, STARTTLS) stands in for a refused one.
    var listeningRestsOnRefusedValue: Bool {
        listener.isRefused || inbound.tcp.restsOnRefusedValue || inbound.ssl.restsOnRefusedValue || inbound.starttls.isRefused
    }
}
