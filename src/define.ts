// Registers every Sealbox element. Import this module (side effect) or the individual
// `elements/<name>/seal-<name>.js` modules for only the tags you use.
import './elements/provider/seal-provider.js';
