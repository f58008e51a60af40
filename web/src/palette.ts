// The series colours of the charts and the lineage: a module of its own, so the lineage does not load uPlot for them.
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
