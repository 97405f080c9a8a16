namespace Cockpit.Warehouse; public sealed class WarehouseOptions { public string Directory { get; set; } = "data/warehouse"; }
