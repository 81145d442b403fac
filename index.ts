// pulumi-netattach: Pulumi dynamic resources for ClassicLink and ENI attachments on Alibaba Cloud
// and Tencent Cloud. The emulator is a separate entry ("pulumi-netattach/emulator") so programs
// never load it.
export * from "./sdk";
