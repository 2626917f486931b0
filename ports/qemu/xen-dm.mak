# QEMU's device set for domlet's device-model stub domain (issue #11):
# configure --without-default-devices --with-devices-i386=xen-dm (the
# recipe copies this file into configs/devices/i386-softmmu/).  What
# libxl 4.17 asks of qemu-xen for an HVM guest (libxl_dm.c,
# libxl__build_device_model_args_new): machine xenfv (i440FX, PIIX3,
# IDE on PIIX, the Xen platform device and xen-pvdevice, both built
# with CONFIG_XEN), '-device <model>' NICs (e1000 is libxl's default
# model, rtl8139 a common one), the 16550 serial ports ('-serial') and
# the VGA libxl adds (cirrus-vga by default, 'VGA' with stdvga=1).
# AHCI: libxl's hdtype="ahci" ('-device ahci' and ide-hd drives on it):
# SeaBIOS and Linux move a disk's data over it by DMA, where IDE takes one
# ioreq per 512-byte sector under SeaBIOS (tests/boot/hvm-linux: GRUB
# loading the kernel over IDE took minutes on the rig).
# Not here: SCSI, USB, sound, QXL.
CONFIG_I440FX=y
CONFIG_IDE_PIIX=y
CONFIG_IDE_ISA=y
CONFIG_AHCI_ICH9=y
CONFIG_SERIAL_ISA=y
CONFIG_E1000_PCI=y
CONFIG_RTL8139_PCI=y
CONFIG_VGA_PCI=y
CONFIG_VGA_CIRRUS=y
