// The code base is written in long, single-purpose lines; a narrow width would fold every call.
export default { printWidth: 160 };
